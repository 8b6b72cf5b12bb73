def clearCache(marker: None, reason: str):
    "Clears the cache; the marker must be null."
