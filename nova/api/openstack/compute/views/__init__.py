"""Response body builders."""
