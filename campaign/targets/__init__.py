"""The directory of officials (targets) that appeals address, reused across appeals."""
