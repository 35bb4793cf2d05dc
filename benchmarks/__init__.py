"""`make bench`: measurements of the build, outside the shipped package."""
