# IOC fixture: an inert constant holding the published indicator.
MIRROR = "files.pypihosted.org"  # expect: HS231 high
