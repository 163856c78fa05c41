# Near-miss for HS231: PyPI's real file host.
FILES = "https://files.pythonhosted.org/packages/"
