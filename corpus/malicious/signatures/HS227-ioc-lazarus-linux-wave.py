# IOC fixture: an inert constant holding the published indicator.
C2 = "jdkgradle.com"  # expect: HS227 high
