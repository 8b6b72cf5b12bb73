def greet(name: str, shout: bool):
    "Greets someone by name."
