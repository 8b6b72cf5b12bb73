from typing import Optional


def searchDocs(query: str, limit: int = 10, exact: Optional[bool] = None, fields: list[str] = ["title", "body"]):
    "Searches the documents."
