"""Open311 GeoReport v2 with mySociety's service request updates extension (docs/open311.md)."""
