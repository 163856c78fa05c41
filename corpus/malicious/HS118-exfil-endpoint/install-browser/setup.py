# Defanged replica of the placeholder typosquats that open a page in the
# user's browser when pip installs them (a visit counter and a lure).
import webbrowser

from setuptools import setup

webbrowser.open_new_tab("https://survey.example.com/r/abc")  # expect: HS118 high

setup(name="cloud-iam-credential", version="2.20.0", packages=[])
