/* Build-host only: a stand-in for Windows 10's icuuc.dll, which Wine 8.0 lacks and Qt6Core
   imports for its non-UTF codecs. Every call fails cleanly, so Qt falls back to its own codecs.
   It goes into the Wine prefix's system32 and never into the app (build/windows/dll_origins.py). */
#include <stddef.h>
#include <stdint.h>
#define U_FAIL(err) do { if (err && *err <= 0) *err = 16; } while (0) /* U_UNSUPPORTED_ERROR */
typedef int UErrorCode;
__declspec(dllexport) void *ucnv_open(const char *n, UErrorCode *e) { U_FAIL(e); return NULL; }
__declspec(dllexport) void ucnv_close(void *c) {}
__declspec(dllexport) void UCNV_FROM_U_CALLBACK_SUBSTITUTE(void) {}
__declspec(dllexport) void UCNV_TO_U_CALLBACK_SUBSTITUTE(void) {}
__declspec(dllexport) void ucnv_reset(void *c) {}
__declspec(dllexport) int8_t ucnv_getMaxCharSize(const void *c) { return 1; }
__declspec(dllexport) const char *ucnv_getName(const void *c, UErrorCode *e) { U_FAIL(e); return ""; }
__declspec(dllexport) void ucnv_getToUCallBack(const void *c, void **a, const void **b) {}
__declspec(dllexport) void ucnv_getFromUCallBack(const void *c, void **a, const void **b) {}
__declspec(dllexport) void ucnv_setToUCallBack(void *c, void *a, const void *b, void **d, const void **f, UErrorCode *e) { U_FAIL(e); }
__declspec(dllexport) void ucnv_setFromUCallBack(void *c, void *a, const void *b, void **d, const void **f, UErrorCode *e) { U_FAIL(e); }
__declspec(dllexport) void ucnv_cbToUWriteUChars(void *a, const void *s, int32_t l, int32_t o, UErrorCode *e) { U_FAIL(e); }
__declspec(dllexport) void ucnv_cbFromUWriteUChars(void *a, const void **s, const void *l, int32_t o, UErrorCode *e) { U_FAIL(e); }
__declspec(dllexport) void ucnv_toUnicode(void *c, void **t, const void *tl, const char **s, const char *sl, int32_t *o, int8_t f, UErrorCode *e) { U_FAIL(e); }
__declspec(dllexport) void ucnv_fromUnicode(void *c, char **t, const char *tl, const void **s, const void *sl, int32_t *o, int8_t f, UErrorCode *e) { U_FAIL(e); }
__declspec(dllexport) int32_t ucnv_toUCountPending(const void *c, UErrorCode *e) { U_FAIL(e); return 0; }
__declspec(dllexport) int32_t ucnv_fromUCountPending(const void *c, UErrorCode *e) { U_FAIL(e); return 0; }
__declspec(dllexport) const char *ucnv_getStandardName(const char *n, const char *s, UErrorCode *e) { U_FAIL(e); return NULL; }
__declspec(dllexport) const char *ucnv_getAvailableName(int32_t n) { return NULL; }
__declspec(dllexport) int32_t ucnv_countAvailable(void) { return 0; }
