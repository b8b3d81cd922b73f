"""Replies to Teams: access tokens for the Bot Connector and the output channel."""

from __future__ import annotations

import logging
import time
from typing import Any, Dict, List, Mapping, Optional, Text
from urllib.parse import quote

from rasa.core.channels.botframework import BotFramework

from rasa_ext.channels.teams.cards import contact_card, contact_of, question_card, summary
from rasa_ext.channels.teams.http import HTTP_ERRORS, HttpClient
from rasa_ext.channels.teams.settings import TeamsSettings

logger = logging.getLogger(__name__)


class BotTokens:
    """Access tokens for replies, from the (configurable) token URL, cached."""

    def __init__(self, settings: TeamsSettings, http: HttpClient) -> None:
        self._settings = settings
        self._http = http
        self._token: Optional[str] = None
        self._valid_until = 0.0

    @property
    def app_id(self) -> str:
        """The bot's app id the tokens are for."""
        return self._settings.app_id

    async def authorization(self) -> Optional[str]:
        """``Bearer <token>`` for the Bot Connector API, or None if none can be had."""
        if self._token and time.monotonic() < self._valid_until:
            return f"Bearer {self._token}"
        form = {
            "grant_type": "client_credentials",
            "client_id": self._settings.app_id,
            "client_secret": self._settings.app_password,
            "scope": self._settings.token_scope,
        }
        try:
            async with self._http.session().post(self._settings.token_url, data=form) as answer:
                if answer.status != 200:
                    logger.error("Teams: token endpoint answered HTTP %s.", answer.status)
                    return None
                body = await answer.json(content_type=None)
            token, lifetime = str(body["access_token"]), int(body.get("expires_in", 3600))
        except HTTP_ERRORS as error:
            logger.error("Teams: could not get a token (%s).", type(error).__name__)
            return None
        self._token = token
        # Renew ahead of expiry so a reply never goes out with a token about to lapse.
        self._valid_until = time.monotonic() + lifetime - min(300, lifetime // 2)
        return f"Bearer {token}"

    def forget(self) -> None:
        """Drop the cached token (the service rejected it)."""
        self._token = None


class TeamsOutput(BotFramework):
    """Sends Rasa's answers to one Teams conversation."""

    @classmethod
    def name(cls) -> Text:
        return "teams"

    def __init__(self, tokens: BotTokens, http: HttpClient, activity: Mapping[str, Any]) -> None:
        # The parent only needs the password for its own token fetch, which BotTokens replaces.
        super().__init__(
            app_id=tokens.app_id,
            app_password="",
            conversation=activity["conversation"],
            bot=activity["recipient"],
            service_url=activity["serviceUrl"],
        )
        self._tokens = tokens
        self._http = http
        self._user = {"id": activity["from"]["id"]}
        self._reply_to = activity.get("id")
        self.sent = 0  # replies the Bot Connector accepted

    def prepare_message(self, recipient_id: Text, message_data: Dict[Text, Any]) -> Dict[Text, Any]:
        """An outgoing activity addressed to the Teams user (not Rasa's sender id)."""
        data: Dict[Text, Any] = {
            "type": "message",
            "from": self.bot,
            "recipient": self._user,
            "conversation": self.conversation,
            "text": "",
        }
        if self._reply_to:
            data["replyToId"] = self._reply_to
        data.update(message_data)
        return data

    async def send(self, message_data: Dict[Text, Any]) -> None:
        """Post one activity; on a rejected token fetch a new one and retry once."""
        url = f"{self.global_uri}conversations/{quote(self.conversation['id'], safe='')}/activities"
        for attempt in (1, 2):
            authorization = await self._tokens.authorization()
            if authorization is None:
                return
            try:
                async with self._http.session().post(
                    url, json=message_data, headers={"Authorization": authorization}
                ) as answer:
                    status = answer.status
            except HTTP_ERRORS as error:
                logger.error("Teams: sending a reply failed (%s).", type(error).__name__)
                return
            if status == 401 and attempt == 1:
                self._tokens.forget()
                continue
            if status >= 300:
                logger.error("Teams: the Bot Connector refused a reply (HTTP %s).", status)
            else:
                self.sent += 1
            return

    async def send_text_message(self, recipient_id: Text, text: Text, **kwargs: Any) -> None:
        """One activity per message; Teams renders the paragraphs itself."""
        await self.send(self.prepare_message(recipient_id, {"text": text.strip()}))

    async def send_text_with_buttons(
        self, recipient_id: Text, text: Text, buttons: List[Dict[Text, Any]], **kwargs: Any
    ) -> None:
        """The question as an Adaptive Card whose buttons return their payload."""
        card = question_card(text, buttons)
        message = {"attachments": [card], "summary": summary(text)}
        await self.send(self.prepare_message(recipient_id, message))

    async def send_custom_json(self, recipient_id: Text, json_message: Dict[Text, Any], **kwargs: Any) -> None:
        """Contact cards become Adaptive Cards; other custom payloads are not for Teams."""
        contact = contact_of(json_message)
        if contact is None:
            logger.debug("Teams: custom message without a Teams rendering skipped.")
            return
        card = contact_card(contact, str(kwargs.get("text") or contact["organisation"]))
        message = {"attachments": [card], "summary": str(contact["organisation"])}
        await self.send(self.prepare_message(recipient_id, message))

    async def send_response(self, recipient_id: Text, message: Dict[Text, Any]) -> None:
        """Show a contact card instead of (not next to) its plain-text version."""
        if contact_of(message.get("custom")) is not None and not message.get("buttons"):
            await self.send_custom_json(recipient_id, message["custom"], text=message.get("text"))
            return
        await super().send_response(recipient_id, message)
