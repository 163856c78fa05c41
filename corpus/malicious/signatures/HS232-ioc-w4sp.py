# IOC fixture: an inert constant holding the published indicator.
HOST = "20.126.118.208"  # expect: HS232 high
