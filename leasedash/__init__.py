"""leasedash: understand what a car lease costs, what changing it costs, and what returning it costs."""
