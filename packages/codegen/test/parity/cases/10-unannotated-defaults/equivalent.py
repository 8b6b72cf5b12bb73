def retry(job: str, retries: float = 3, label: str = "job", verbose: bool = False, backoff: float = 0.25):
    "Retries a job."
