"""Signaalroute domain core: route maps, regions, interpretation, dialogue.

Nothing in this package imports Rasa, rasa_sdk, FastAPI or Sanic.
"""
