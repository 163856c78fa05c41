# Defanged replica of the trojanised aiohttp copy: a route helper imports a
# module out of a ZIP shipped under a certificate's name, so no .py file of
# the package shows the loader.
import os
import zipimport


def get(path):
    cert = zipimport.zipimporter(f"{os.path.dirname(__file__)}/server.crt").load_module("SSLv2")  # expect: HS120 high
    return cert.route(path)


def legacy():
    from importlib.util import spec_from_file_location

    return spec_from_file_location("icons", os.path.join(os.path.dirname(__file__), "logo.png"))  # expect: HS120 high
