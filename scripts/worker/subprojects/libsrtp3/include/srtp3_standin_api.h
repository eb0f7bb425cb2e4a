/*
 * The libsrtp 3 calls mediasoup's worker makes, under names of the stand-in's own
 * (vwindow_srtp3_*), implemented over Debian's libsrtp2 in srtp3_standin.c. srtp.h maps libsrtp 3's
 * names onto these for mediasoup; the implementation includes this file beside <srtp2/srtp.h>.
 */
#ifndef VWINDOW_SRTP3_STANDIN_API_H
#define VWINDOW_SRTP3_STANDIN_API_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* libsrtp 3 error codes that libsrtp 2.5 does not have (2.5 stops at 27). */
#define VWINDOW_SRTP3_ERR_BUFFER_SMALL ((srtp_err_status_t)28)
#define VWINDOW_SRTP3_ERR_CRYPTEX ((srtp_err_status_t)29)

/* libsrtp 3's opaque policy: a libsrtp2 policy plus the key and salt it points at. */
typedef struct vwindow_srtp3_policy *vwindow_srtp3_policy_t;

srtp_err_status_t vwindow_srtp3_policy_create(vwindow_srtp3_policy_t *policy);
void vwindow_srtp3_policy_destroy(vwindow_srtp3_policy_t policy);
srtp_err_status_t vwindow_srtp3_policy_set_ssrc(vwindow_srtp3_policy_t policy, srtp_ssrc_t ssrc);
srtp_err_status_t vwindow_srtp3_policy_set_profile(vwindow_srtp3_policy_t policy, srtp_profile_t profile);
srtp_err_status_t vwindow_srtp3_policy_add_key(vwindow_srtp3_policy_t policy,
                                               const uint8_t *key,
                                               size_t key_len,
                                               const uint8_t *salt,
                                               size_t salt_len,
                                               const uint8_t *mki,
                                               size_t mki_len);
srtp_err_status_t vwindow_srtp3_policy_set_allow_repeat_tx(vwindow_srtp3_policy_t policy, bool allow);
srtp_err_status_t vwindow_srtp3_policy_set_window_size(vwindow_srtp3_policy_t policy, size_t size);

srtp_err_status_t vwindow_srtp3_create(srtp_t *session, const vwindow_srtp3_policy_t policy);

/* libsrtp 3 reads from one buffer and writes to another (which may be the same) with size_t
 * lengths; *out_len holds the room in `out` on entry and the packet's length on return. */
srtp_err_status_t vwindow_srtp3_protect(srtp_t session,
                                        const uint8_t *rtp,
                                        size_t rtp_len,
                                        uint8_t *srtp,
                                        size_t *srtp_len,
                                        size_t mki_index);
srtp_err_status_t vwindow_srtp3_unprotect(srtp_t session,
                                          const uint8_t *srtp,
                                          size_t srtp_len,
                                          uint8_t *rtp,
                                          size_t *rtp_len);
srtp_err_status_t vwindow_srtp3_protect_rtcp(srtp_t session,
                                             const uint8_t *rtcp,
                                             size_t rtcp_len,
                                             uint8_t *srtcp,
                                             size_t *srtcp_len,
                                             size_t mki_index);
srtp_err_status_t vwindow_srtp3_unprotect_rtcp(srtp_t session,
                                               const uint8_t *srtcp,
                                               size_t srtcp_len,
                                               uint8_t *rtcp,
                                               size_t *rtcp_len);

#ifdef __cplusplus
}
#endif

#endif
