/*
 * libsrtp 3's <srtp.h> as mediasoup's worker uses it, over Debian 12's libsrtp2 (no Debian suite has
 * libsrtp 3). libsrtp 3 keeps most of libsrtp2's names; the ones it reuses with another shape are
 * hidden while libsrtp2's header is read and then mapped onto the stand-in's functions:
 *  - srtp_policy_t: a struct in libsrtp2, an opaque pointer filled through srtp_policy_* in libsrtp 3;
 *  - srtp_create, srtp_protect, srtp_unprotect and their RTCP pair: separate in/out buffers and size_t
 *    lengths in libsrtp 3, in place with int lengths in libsrtp2;
 *  - srtp_stream_remove: libsrtp2's srtp_remove_stream;
 *  - error codes 28 (buffer too small) and 29 (cryptex), which libsrtp2 does not have.
 */
#ifndef VWINDOW_SRTP3_STANDIN_SRTP_H
#define VWINDOW_SRTP3_STANDIN_SRTP_H

#define srtp_policy_t vwindow_srtp2_policy_t
#include <srtp2/srtp.h>
#undef srtp_policy_t

#include "srtp3_standin_api.h"

typedef vwindow_srtp3_policy_t srtp_policy_t;

#define srtp_err_status_buffer_small VWINDOW_SRTP3_ERR_BUFFER_SMALL
#define srtp_err_status_cryptex_err VWINDOW_SRTP3_ERR_CRYPTEX

#define srtp_policy_create vwindow_srtp3_policy_create
#define srtp_policy_destroy vwindow_srtp3_policy_destroy
#define srtp_policy_set_ssrc vwindow_srtp3_policy_set_ssrc
#define srtp_policy_set_profile vwindow_srtp3_policy_set_profile
#define srtp_policy_add_key vwindow_srtp3_policy_add_key
#define srtp_policy_set_allow_repeat_tx vwindow_srtp3_policy_set_allow_repeat_tx
#define srtp_policy_set_window_size vwindow_srtp3_policy_set_window_size
#define srtp_create vwindow_srtp3_create
#define srtp_protect vwindow_srtp3_protect
#define srtp_unprotect vwindow_srtp3_unprotect
#define srtp_protect_rtcp vwindow_srtp3_protect_rtcp
#define srtp_unprotect_rtcp vwindow_srtp3_unprotect_rtcp
#define srtp_stream_remove srtp_remove_stream

#endif
