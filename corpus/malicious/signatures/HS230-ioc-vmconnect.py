# IOC fixture: an inert constant holding the published indicator.
C2 = "ethertestnet.pro"  # expect: HS230 high
