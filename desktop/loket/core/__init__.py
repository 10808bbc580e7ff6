"""Domain rules and use cases. No Qt, no reportlab."""
