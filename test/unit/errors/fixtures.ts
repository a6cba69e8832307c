// Real-shaped bodies shared by the error tests (kept out of *.test.ts so importing them registers no tests).

// Field values as in the source page's MSON examples (requestId, message id, date).
export const ERROR_2202 = {
  requestId: '6d84e126-d10c-4e52-bbfb-bd4c92bc8333',
  status: 'ERROR',
  data: {
    code: 2202,
    message: 'Access denied during upload',
    developerMessage: 'Upload of segment_0.m4s to bucket my-bitmovin-bucket failed: 403 AccessDenied',
    links: [{ href: 'https://bitmovin.com/docs/encoding/tutorials/create-an-s3-output', title: 'S3 output tutorial' }],
    details: [
      {
        date: '2016-06-25T20:09:23.69Z',
        id: 'cb90b80c-8867-4e3b-8479-174aa2843f62',
        type: 'ERROR',
        text: 'ACL PUBLIC_READ is not allowed by the bucket',
        field: 'outputs[0].acl[0].permission',
        links: [{ href: 'https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html' }],
      },
    ],
  },
};

export const SUCCESS = {
  requestId: '6d84e126-d10c-4e52-bbfb-bd4c92bc8333',
  status: 'SUCCESS',
  data: {
    result: { id: 'a1b2c3', name: 'my-output', bucketName: 'my-bitmovin-bucket' },
    messages: [{ id: 'cb90b80c-8867-4e3b-8479-174aa2843f62', type: 'INFO', text: 'Output created', date: '2016-06-25T20:09:23.69Z' }],
  },
};

export function s3Xml(code: string, message: string, extra = ''): string {
  return (
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
    `<Error><Code>${code}</Code><Message>${message}</Message>${extra}` +
    '<RequestId>4442587FB7D0A2F9</RequestId><HostId>9Gjjt1m+cjU4OPvX9O9/8RuvnG41MRb/18Oux2o5H5MY7ISNTlXN+Dz9IG62/ILVxhAGI0qyPfg=</HostId></Error>'
  );
}

// A presigned PUT that S3 rejected: the canonical request echoes the Content-Type the client sent.
export const SIG_MISMATCH_PRESIGNED = s3Xml(
  'SignatureDoesNotMatch',
  'The request signature we calculated does not match the signature you provided. Check your key and signing method.',
  '<AWSAccessKeyId>AKIAIOSFODNN7EXAMPLE</AWSAccessKeyId>' +
    '<StringToSign>AWS4-HMAC-SHA256\n20240101T000000Z\n20240101/us-east-1/s3/aws4_request\nabc</StringToSign>' +
    '<SignatureProvided>0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef</SignatureProvided>' +
    '<CanonicalRequest>PUT\n/media/video.mp4\nX-Amz-Algorithm=AWS4-HMAC-SHA256&amp;X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20240101%2Fus-east-1%2Fs3%2Faws4_request&amp;X-Amz-Date=20240101T000000Z&amp;X-Amz-Expires=900&amp;X-Amz-SignedHeaders=content-type%3Bhost\n' +
    'content-type:application/octet-stream\nhost:media.s3.amazonaws.com\n\ncontent-type;host\nUNSIGNED-PAYLOAD</CanonicalRequest>',
);
