"""Find devices: bus scans on serial lines, network scans over TCP, identification."""
