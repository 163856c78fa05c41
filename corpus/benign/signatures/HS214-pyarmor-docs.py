# Near-miss for HS214: build notes that mention PyArmor without any of its
# runtime markers.
BUILD_NOTES = """
Release builds are obfuscated with PyArmor (`pyarmor gen -O dist src/`).
The development tree is plain source.
"""
