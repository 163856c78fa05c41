# IOC fixture: an inert constant holding the published indicator.
C2 = "getstockprice.com"  # expect: HS226 high
