# Near-miss for HS212: "Hyperion" as a book title and a project name.
BOOKS = ("Dune", "Neuromancer", "Hyperion")
__project__ = "hyperion-docs"
