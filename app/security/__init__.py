"""Device security: per-model password policies and security models, the posture audit,
security configurations (``.scf``), applying them with verification, the security event
log, and credentials kept only in the system keyring."""
