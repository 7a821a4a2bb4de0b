"""The provider emulator: an HTTP server speaking the NHN, CLOVA and NTS contracts byte for byte."""
