def countWords(frequencies: dict[str, int], synonyms: dict[str, list[str]]):
    "Counts words, given their frequencies and synonyms."
