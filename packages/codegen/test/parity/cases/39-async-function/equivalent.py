async def fetchTitle(url: str, timeoutMs: int = 5000):
    "Fetches a page and returns its title."
