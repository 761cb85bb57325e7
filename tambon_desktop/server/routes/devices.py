from __future__ import annotations

from fastapi import APIRouter

from tambon_desktop.protocol.messages import DeviceState
from tambon_desktop.server.deps import CurrentDevice

router = APIRouter(prefix="/v1/devices", tags=["devices"])


@router.get("/me", response_model=DeviceState)
def me(device: CurrentDevice) -> DeviceState:
    return DeviceState(device_id=device.id, role=device.role, district=device.district,
                       province=device.province, acked_through=device.last_seq)
