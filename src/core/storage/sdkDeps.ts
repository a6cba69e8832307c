// The parts of the AWS SDK's HTTP and retry layers the S3 gateway uses, bundled into dist/deps.js
// with the rest of the SDK (scripts/build.mjs redirects imports of this module there).
export { NodeHttpHandler } from '@smithy/node-http-handler';
export { isServerError, isThrottlingError, isTransientError } from '@smithy/core/retry';
// The proxy agents are needed only where a proxy is configured, so they wait here too.
export { HttpProxyAgent, HttpsProxyAgent } from 'hpagent';
// The SDK's own reader of ~/.aws/config and ~/.aws/credentials (AWS_CONFIG_FILE and
// AWS_SHARED_CREDENTIALS_FILE included), so the profiles offered are the ones it will resolve.
export { loadSharedConfigFiles } from '@smithy/core/config';
