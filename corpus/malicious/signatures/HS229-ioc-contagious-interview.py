# IOC fixture: an inert constant holding the published indicator.
C2 = "185.235.241.208"  # expect: HS229 high
