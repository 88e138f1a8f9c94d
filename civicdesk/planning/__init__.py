"""Workforce planning: Erlang C and A, forecasts, simulation, what-if scenarios."""
