"""JSON and XML as GeoReport v2 writes them.

Views hand over what the JSON shows (usually a bare list); the XML wraps it in the response's
`xml_root` element and names each item of a list by its singular (<services><service>…,
<service_requests><request>…, <attributes><attribute>…<values><value>…).
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from typing import Any
from xml.etree import ElementTree as ET

from rest_framework.renderers import BaseRenderer

DECLARATION = '<?xml version="1.0" encoding="utf-8"?>\n'
# Characters XML 1.0 cannot carry at all, even escaped.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
# The element of each item of a list, by the list's element.
ITEMS = {
    "services": "service",
    "service_requests": "request",
    "service_requests_updates": "request_update",
    "service_request_updates": "request_update",
    "attributes": "attribute",
    "values": "value",
    "errors": "error",
    "endpoints": "endpoint",
    "formats": "format",
}


class Open311JSONRenderer(BaseRenderer):
    media_type = "application/json"
    format = "json"
    charset = "utf-8"

    def render(
        self,
        data: Any,
        accepted_media_type: str | None = None,
        renderer_context: Mapping[str, Any] | None = None,
    ) -> bytes:
        if data is None:
            return b""
        return json_document(data)


class Open311XMLRenderer(BaseRenderer):
    media_type = "text/xml"
    format = "xml"
    charset = "utf-8"

    def render(
        self,
        data: Any,
        accepted_media_type: str | None = None,
        renderer_context: Mapping[str, Any] | None = None,
    ) -> bytes:
        if data is None:
            return b""
        response = (renderer_context or {}).get("response")
        return xml_document(getattr(response, "xml_root", "") or "response", data)


def json_document(data: Any) -> bytes:
    return json.dumps(data, ensure_ascii=False).encode("utf-8", "backslashreplace")


def xml_document(root: str, data: Any) -> bytes:
    """`data` (as the JSON shows it) inside the element `root`, with the XML declaration."""
    element = ET.Element(root)
    _fill(element, data)
    return (DECLARATION + ET.tostring(element, encoding="unicode")).encode("utf-8")


def _fill(element: ET.Element, value: Any) -> None:
    if isinstance(value, Mapping):
        for key, item in value.items():
            _fill(ET.SubElement(element, str(key)), item)
    elif isinstance(value, list | tuple):
        name = ITEMS.get(element.tag, "item")
        for item in value:
            _fill(ET.SubElement(element, name), item)
    elif isinstance(value, bool):
        element.text = "true" if value else "false"
    elif value is not None:
        element.text = _NOT_XML.sub("", str(value))
