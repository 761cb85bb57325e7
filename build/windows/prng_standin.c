/* Build-host only: bcryptprimitives.dll!ProcessPrng (Rust >= 1.78 std, so pydantic_core),
   missing in Wine 8.0, over RtlGenRandom. Lives in the Wine prefix, never in the app. */
#include <windows.h>
BOOLEAN WINAPI SystemFunction036(PVOID buffer, ULONG length); /* RtlGenRandom */
__declspec(dllexport) BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T len) {
    while (len) {
        ULONG chunk = len > 0x10000000 ? 0x10000000 : (ULONG)len;
        if (!SystemFunction036(data, chunk)) return FALSE;
        data += chunk; len -= chunk;
    }
    return TRUE;
}
