# IOC fixture: an inert constant holding the published indicator.
C2 = "akamaitechnologies.online"  # expect: HS225 high
