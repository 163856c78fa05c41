# Near-miss for HS210: a class named Kramer with no obfuscator around it.
class Kramer():
    first_name = "Cosmo"

    def greet(self):
        return "Hello, " + self.first_name
