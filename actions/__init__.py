"""Rasa custom actions: thin adapters between the Rasa tracker and the domain core."""
