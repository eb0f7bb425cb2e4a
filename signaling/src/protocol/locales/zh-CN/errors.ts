import type { ErrorCode } from '../../errors';

/** Plain sentences for every error code, in the UI's first language. */
export const errors = {
  BAD_JSON: '请求内容不是有效的 JSON，请检查后重试。',
  VALIDATION_FAILED: '请求内容不完整或格式不正确：{{detail}}',
  AUTH_INVALID_CREDENTIALS: '用户名或密码错误。',
  AUTH_REQUIRED: '请先登录。',
  AUTH_LOCKED: '连续登录失败次数过多，账号已临时锁定，请 {{minutes}} 分钟后再试。',
  FORBIDDEN: '您的账号无权访问此内容。',
  NOT_FOUND: '请求的内容不存在。',
  UNKNOWN_METHOD: '未知的消息类型：{{method}}。',
  BAD_MESSAGE: '消息格式不正确：{{detail}}',
  SESSION_NOT_FOUND: '视频会话不存在。',
  SESSION_ALREADY_TAKEN: '该视频会话已被其他属地窗口受理。',
  SESSION_NOT_WAITING: '该视频会话已不在排队中。',
  SESSION_NOT_ACTIVE: '该视频会话未在进行中。',
  MATTER_NOT_IN_JURISDICTION: '所选事项不属于该属地，请重新选择。',
  NO_SERVICE_POINT: '您的账号未绑定可用的服务窗口，请联系管理员。',
  NOT_IN_ROOM: '请先加入视频会话。',
  MEDIA_FAILED: '音视频处理失败：{{detail}}',
  PAYLOAD_TOO_LARGE: '提交的内容过大。',
  UNSUPPORTED_MEDIA_TYPE: '不支持的内容类型，请以 JSON 或表单提交。',
  SERVICE_UNAVAILABLE: '服务暂不可用，请稍后再试。',
  INTERNAL: '服务器内部错误，请稍后再试。',
} satisfies Record<ErrorCode, string>;
