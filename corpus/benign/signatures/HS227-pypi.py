# Near-miss for HS227: the real package index and a Gradle distribution host.
INDEX = "https://pypi.org/simple"
GRADLE = "https://services.gradle.org/distributions"
