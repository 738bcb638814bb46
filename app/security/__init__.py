"""Security rules of the supported devices, checked offline (password policies)."""
