"""The USB export offers removable drives by name: Windows letters and volume names, Linux
mounts under /media and /run/media (real /proc/mounts lines, Thai names and spaces)."""

from pathlib import Path

from tambon_desktop.services import drives

MOUNTS = (
    "/dev/vda1 / ext4 rw,relatime 0 0\n"
    "proc /proc proc rw 0 0\n"
    "tmpfs /run/media tmpfs rw 0 0\n"
    "/dev/sdb1 /media/somsri/KINGSTON vfat rw,nosuid 0 0\n"
    "/dev/sdc1 /run/media/somsri/USB\\040STICK vfat rw 0 0\n"
    + "/dev/sdd1 /media/somsri/แฟลช\\040อำเภอ vfat rw 0 0\n".encode().decode("latin-1")
    + "/dev/sde1 /mnt/backup ext4 rw 0 0\n"
)


def test_linux_mounts_under_media_are_offered_by_their_folder_name():
    found = drives.mounted_drives(MOUNTS)
    assert found == [
        drives.Drive(Path("/media/somsri/KINGSTON"), "KINGSTON"),
        drives.Drive(Path("/run/media/somsri/USB STICK"), "USB STICK"),
        drives.Drive(Path("/media/somsri/แฟลช อำเภอ"), "แฟลช อำเภอ"),
    ]


def test_windows_letters_and_labels():
    assert drives.drive_letters(0b10100) == ["C:", "E:"]
    assert drives.drive_letters(0) == []
    assert drives.drive_letters(1 << 25) == ["Z:"]
    assert drives.windows_label("E:", "แฟลชอำเภอ") == "แฟลชอำเภอ (E:)"
    assert drives.windows_label("F:", "") == "USB (F:)"


def test_this_machine_lists_without_error():
    """On this PC: only real mount points under /media or /run/media, each an existing folder."""
    for drive in drives.removable_drives():
        assert str(drive.path).startswith(("/media/", "/run/media/")) and drive.path.is_dir()
