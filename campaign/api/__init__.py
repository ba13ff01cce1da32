"""The JSON API under /api/v1/, following OSDI (HAL+JSON) where it fits."""
