# IOC fixture: an inert constant holding the published indicator.
C2 = "tp-globa.xyz"  # expect: HS228 high
