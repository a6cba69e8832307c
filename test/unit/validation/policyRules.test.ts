import * as assert from 'node:assert/strict';
import {
  bitmovinRoleTrustPolicy,
  BITMOVIN_ROLE_PRINCIPAL,
  CONDITION_KEYS,
  CONDITION_OPERATORS,
  conditionOperatorForms,
  lookupConditionKey,
  parseConditionOperator,
  S3_ACTION_INFO,
  secureTransportDenyStatement,
  toJsonText,
  validate,
  type Diagnostic,
  type ValidationContext,
} from '../../../src/core/validation';
import { conditionKeysOf, matchS3Actions, resourceTypesOf } from '../../../src/core/validation/s3Actions';
import { readResourceArn } from '../../../src/core/validation/rules/policy';
import { applyEdits } from './fixtureFormat';

const P = { AWS: 'arn:aws:iam::123456789012:role/encoder' };

function policy(statements: unknown, top: Record<string, unknown> = { Version: '2012-10-17' }): string {
  return JSON.stringify({ ...top, Statement: statements }, null, 2);
}

const SUGGESTION = 'policy/no-secure-transport-deny';

// Rule diagnostics only: the schema half has its own tests and would blur what is asserted here.
// The plain-HTTP suggestion comes on every clean policy without the Deny; it has its own tests.
function rules(text: string, ctx: ValidationContext = {}): Diagnostic[] {
  return validate(text, 's3-bucket-policy', { ...ctx, includeSchema: false }).filter((d) => d.code !== SUGGESTION);
}

function codes(text: string, ctx: ValidationContext = {}): string[] {
  return rules(text, ctx).map((d) => d.code);
}

function fixed(text: string, d: Diagnostic): string {
  assert.ok(d.fix, `${d.code} offers no fix`);
  return applyEdits(text, d.fix.edits);
}

describe('policy rules', () => {
  describe('object action on a bucket ARN', () => {
    it('flags s3:GetObject on arn:aws:s3:::bucket as an error and fixes it with /*', () => {
      const text = policy([{ Effect: 'Allow', Principal: P, Action: 's3:GetObject', Resource: 'arn:aws:s3:::media-in' }]);
      const [d] = rules(text);
      assert.equal(d.code, 'policy/object-action-on-bucket-arn');
      assert.equal(d.severity, 'error');
      assert.equal(text.slice(d.offset, d.offset + d.length), '"arn:aws:s3:::media-in"');
      const after = fixed(text, d);
      assert.match(after, /"arn:aws:s3:::media-in\/\*"/);
      assert.deepEqual(codes(after), []);
    });
    it('is an error even when another action of the statement uses the bucket ARN, and the fix adds the object ARN', () => {
      const text = policy([{ Effect: 'Allow', Principal: P, Action: ['s3:ListBucket', 's3:GetObject'], Resource: 'arn:aws:s3:::media-in' }]);
      const [d] = rules(text);
      assert.equal(d.code, 'policy/object-action-on-bucket-arn');
      assert.equal(d.severity, 'error');
      assert.match(d.message, /s3:GetObject acts on objects/);
      assert.match(d.message, /"Action does not apply to any resource\(s\) in statement"/);
      const after = fixed(text, d);
      assert.deepEqual((JSON.parse(after) as { Statement: { Resource: unknown }[] }).Statement[0].Resource, [
        'arn:aws:s3:::media-in',
        'arn:aws:s3:::media-in/*',
      ]);
      assert.deepEqual(codes(after), []);
    });
    it('adds the object ARN inside a Resource list', () => {
      const text = policy([
        { Effect: 'Allow', Principal: P, Action: ['s3:ListBucket', 's3:PutObject'], Resource: ['arn:aws:s3:::media-in', 'arn:aws:s3:::media-in'] },
      ]);
      const ds = rules(text);
      assert.deepEqual(
        ds.map((d) => d.path),
        [
          ['Statement', 0, 'Resource', 0],
          ['Statement', 0, 'Resource', 1],
        ],
      );
      const after = fixed(text, ds[0]);
      assert.deepEqual((JSON.parse(after) as { Statement: { Resource: unknown }[] }).Statement[0].Resource, [
        'arn:aws:s3:::media-in',
        'arn:aws:s3:::media-in/*',
        'arn:aws:s3:::media-in',
      ]);
      assert.deepEqual(codes(after), []);
    });
    it('accepts the bucket ARN next to an object ARN, and wildcards', () => {
      assert.deepEqual(
        codes(
          policy([
            { Effect: 'Allow', Principal: P, Action: ['s3:ListBucket', 's3:GetObject'], Resource: ['arn:aws:s3:::media-in', 'arn:aws:s3:::media-in/*'] },
          ]),
        ),
        [],
      );
      assert.deepEqual(codes(policy([{ Effect: 'Allow', Principal: P, Action: 's3:Get*', Resource: 'arn:aws:s3:::media-in' }])), []);
      assert.deepEqual(codes(policy([{ Effect: 'Allow', Principal: P, Action: 's3:GetObject', Resource: '*' }])), []);
    });
  });

  describe('bucket action on an object ARN', () => {
    it('flags s3:ListBucket on bucket/* and fixes it by stripping the key', () => {
      const text = policy([{ Effect: 'Allow', Principal: P, Action: 's3:ListBucket', Resource: 'arn:aws:s3:::media-in/in/*' }]);
      const [d] = rules(text);
      assert.equal(d.code, 'policy/bucket-action-on-object-arn');
      assert.equal(d.severity, 'error');
      const after = fixed(text, d);
      assert.match(after, /"Resource": "arn:aws:s3:::media-in"/);
      assert.deepEqual(codes(after), []);
    });
    it('says nothing when the statement also names the bucket', () => {
      assert.deepEqual(
        codes(policy([{ Effect: 'Allow', Principal: P, Action: ['s3:ListBucket'], Resource: ['arn:aws:s3:::media-in', 'arn:aws:s3:::media-in/*'] }])),
        [],
      );
    });
  });

  describe('foreign bucket', () => {
    const text = policy([{ Effect: 'Allow', Principal: P, Action: 's3:GetObject', Resource: 'arn:aws:s3:::other-bucket/*' }]);
    it('flags a resource in another bucket than the one the policy is for, with a fix', () => {
      const [d] = rules(text, { bucket: 'media-in' });
      assert.equal(d.code, 'policy/foreign-bucket');
      assert.deepEqual(codes(fixed(text, d), { bucket: 'media-in' }), []);
    });
    it('says nothing without a known bucket, for the same bucket, or for a matching wildcard', () => {
      assert.deepEqual(codes(text), []);
      assert.deepEqual(codes(text, { bucket: 'other-bucket' }), []);
      assert.deepEqual(
        codes(policy([{ Effect: 'Allow', Principal: P, Action: 's3:GetObject', Resource: 'arn:aws:s3:::media-*/*' }]), { bucket: 'media-in' }),
        [],
      );
    });
  });

  describe('ARNs', () => {
    it('reads bucket and object ARNs, wildcards and policy variables', () => {
      assert.deepEqual(readResourceArn('arn:aws:s3:::media-in/in/*'), { ok: true, value: { partition: 'aws', bucket: 'media-in', key: 'in/*' } });
      assert.deepEqual(readResourceArn('arn:aws:s3:::media-in'), { ok: true, value: { partition: 'aws', bucket: 'media-in', key: undefined } });
      assert.ok(readResourceArn('arn:aws:s3:::${aws:username}-home/*').ok);
      assert.ok(readResourceArn('arn:aws-cn:s3:::media-*').ok);
    });
    it('rejects regions, accounts, other services, bad bucket names and non-ARNs', () => {
      for (const bad of [
        'arn:aws:s3:eu-west-1::media/*',
        'arn:aws:s3::123456789012:media',
        'arn:aws:iam::123456789012:root',
        'arn:aws:s3:::Media_In',
        'media-in/*',
        'arn:aws:s3:::/x',
      ]) {
        assert.equal(readResourceArn(bad).ok, false, bad);
        assert.deepEqual(codes(policy([{ Effect: 'Allow', Principal: P, Action: 's3:GetObject', Resource: bad }])), ['policy/invalid-arn'], bad);
      }
    });
  });

  describe('S3 action names', () => {
    it('knows the common actions, case-insensitively, and expands wildcards', () => {
      assert.deepEqual(matchS3Actions('s3:getobject'), ['s3:GetObject']);
      assert.ok(matchS3Actions('s3:Get*').includes('s3:GetObjectAcl'));
      assert.ok(matchS3Actions('s3:*').length > 100);
      assert.deepEqual([...resourceTypesOf('s3:ListBucket')], ['bucket']);
      assert.deepEqual([...resourceTypesOf('s3:PutObjectAcl')], ['object']);
    });
    it('flags an unknown action with a suggestion and fix, and a wildcard that matches nothing', () => {
      const text = policy([{ Effect: 'Allow', Principal: P, Action: ['s3:GetObjects', 's3:Fetch*'], Resource: 'arn:aws:s3:::media-in/*' }]);
      const ds = rules(text);
      assert.deepEqual(
        ds.map((d) => [d.code, d.path]),
        [
          ['policy/unknown-action', ['Statement', 0, 'Action', 0]],
          ['policy/unknown-action', ['Statement', 0, 'Action', 1]],
        ],
      );
      assert.match(ds[0].message, /Did you mean "s3:GetObject"\?/);
      assert.equal(ds[1].fix, undefined);
    });
    it("refuses other services' actions in a bucket policy", () => {
      const ds = rules(policy([{ Effect: 'Allow', Principal: P, Action: ['ec2:RunInstances', 's3:GetObject'], Resource: 'arn:aws:s3:::media-in/*' }]));
      assert.deepEqual(
        ds.map((d) => [d.code, d.severity, d.path]),
        [['policy/non-s3-action', 'error', ['Statement', 0, 'Action', 0]]],
      );
      assert.match(ds[0].message, /Policy has invalid action/);
    });
    it('requires a service prefix and offers "s3:"', () => {
      const text = policy([{ Effect: 'Allow', Principal: P, Action: ['PutObject', 'Get*', 'Fetch'], Resource: 'arn:aws:s3:::media-out/*' }]);
      const ds = rules(text);
      assert.deepEqual(
        ds.map((d) => [d.code, d.path.join('.'), d.fix?.title]),
        [
          ['policy/action-missing-prefix', 'Statement.0.Action.0', 'Change to "s3:PutObject"'],
          ['policy/action-missing-prefix', 'Statement.0.Action.1', 'Change to "s3:Get*"'],
          ['policy/action-missing-prefix', 'Statement.0.Action.2', undefined],
        ],
      );
      const after = fixed(fixed(text, ds[0]), rules(fixed(text, ds[0]))[0]);
      assert.deepEqual((JSON.parse(after) as { Statement: { Action: unknown }[] }).Statement[0].Action, ['s3:PutObject', 's3:Get*', 'Fetch']);
    });
    it('warns on a repeated action and removes the repeat with its comma', () => {
      const text = policy([{ Effect: 'Allow', Principal: P, Action: ['s3:GetObject', 's3:PutObject', 'S3:getobject'], Resource: 'arn:aws:s3:::media-in/*' }]);
      const [d] = rules(text);
      assert.equal(d.code, 'policy/duplicate-action');
      assert.equal(d.severity, 'warning');
      assert.deepEqual(d.path, ['Statement', 0, 'Action', 2]);
      const after = fixed(text, d);
      assert.deepEqual((JSON.parse(after) as { Statement: { Action: unknown }[] }).Statement[0].Action, ['s3:GetObject', 's3:PutObject']);
      assert.deepEqual(codes(after), []);
    });
  });

  describe('grants', () => {
    it('warns on Allow to "*" without a Condition, not with one or on Deny', () => {
      const base = { Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: 'arn:aws:s3:::media-out/*' };
      assert.deepEqual(codes(policy([base])), ['policy/public-allow']);
      assert.deepEqual(codes(policy([{ ...base, Principal: { AWS: '*' } }])), ['policy/public-allow']);
      assert.deepEqual(codes(policy([{ ...base, Condition: { StringEquals: { 'aws:SourceArn': 'arn:aws:cloudfront::123456789012:distribution/E1' } } }])), []);
      assert.deepEqual(codes(policy([{ ...base, Effect: 'Deny' }])), []);
    });
    it('warns on NotPrincipal or NotResource with Allow only', () => {
      const np = { Effect: 'Allow', NotPrincipal: P, Action: 's3:GetObject', Resource: 'arn:aws:s3:::media-out/*' };
      assert.deepEqual(codes(policy([np])), ['policy/allow-not-principal']);
      assert.deepEqual(codes(policy([{ ...np, Effect: 'Deny' }])), []);
      const nr = { Effect: 'Allow', Principal: P, Action: 's3:GetObject', NotResource: 'arn:aws:s3:::media-out/secret/*' };
      assert.deepEqual(codes(policy([nr])), ['policy/allow-not-resource']);
      assert.deepEqual(codes(policy([{ ...nr, Effect: 'Deny' }])), []);
    });
    it('checks principals: account ids, IAM ARNs, canonical users, services', () => {
      const st = (Principal: unknown) => policy([{ Effect: 'Allow', Principal, Action: 's3:GetObject', Resource: 'arn:aws:s3:::media-in/*' }]);
      assert.deepEqual(codes(st({ AWS: ['123456789012', 'arn:aws:iam::123456789012:user/ci', 'arn:aws:sts::123456789012:assumed-role/r/s'] })), []);
      assert.deepEqual(codes(st({ AWS: 'encoder' })), ['policy/invalid-principal']);
      assert.deepEqual(codes(st({ AWS: 'arn:aws:iam::1234:role/x' })), ['policy/invalid-arn']);
      assert.deepEqual(codes(st({ CanonicalUser: 'abc' })), ['policy/invalid-principal']);
      assert.deepEqual(codes(st({ Service: 'cloudfront' })), ['policy/invalid-principal']);
      assert.deepEqual(codes(st({ Service: 'cloudfront.amazonaws.com' })), []);
    });
  });

  describe('Sid and Version', () => {
    it('flags a repeated Sid at its second use', () => {
      const s = { Effect: 'Allow', Principal: P, Action: 's3:GetObject', Resource: 'arn:aws:s3:::media-in/*' };
      const ds = rules(
        policy([
          { ...s, Sid: 'A' },
          { ...s, Sid: 'A' },
        ]),
      );
      assert.deepEqual(
        ds.map((d) => [d.code, d.path]),
        [['policy/duplicate-sid', ['Statement', 1, 'Sid']]],
      );
      assert.deepEqual(
        codes(
          policy([
            { ...s, Sid: 'A' },
            { ...s, Sid: 'B' },
          ]),
        ),
        [],
      );
    });
    it('flags a missing Version and inserts 2012-10-17', () => {
      const text = policy([{ Effect: 'Allow', Principal: P, Action: 's3:GetObject', Resource: 'arn:aws:s3:::media-in/*' }], {});
      const [d] = rules(text);
      assert.equal(d.code, 'policy/missing-version');
      const after = fixed(text, d);
      assert.equal((JSON.parse(after) as { Version: string }).Version, '2012-10-17');
      // Once nothing else is wrong, only the plain-HTTP suggestion is left.
      assert.deepEqual(
        validate(after, 's3-bucket-policy').map((x) => x.code),
        [SUGGESTION],
      );
    });
    it('flags 2008-10-17 and replaces it', () => {
      const text = policy([{ Effect: 'Allow', Principal: P, Action: 's3:GetObject', Resource: 'arn:aws:s3:::media-in/*' }], { Version: '2008-10-17' });
      const [d] = rules(text);
      assert.equal(d.code, 'policy/old-version');
      assert.deepEqual(
        validate(fixed(text, d), 's3-bucket-policy').map((x) => x.code),
        [SUGGESTION],
      );
    });
  });

  it('handles a single Statement object as well as an array', () => {
    const ds = rules(
      JSON.stringify({ Version: '2012-10-17', Statement: { Effect: 'Allow', Principal: P, Action: 's3:ListBucket', Resource: 'arn:aws:s3:::media-in/*' } }),
    );
    assert.deepEqual(
      ds.map((d) => d.path),
      [['Statement', 'Resource']],
    );
  });
});

describe('policy rules: required elements', () => {
  it('requires Principal, Action and Resource (or their Not forms), as S3 does', () => {
    const ds = rules(policy([{ Effect: 'Allow' }]));
    assert.deepEqual(
      ds.map((d) => [d.code, d.severity, d.path.join('.')]),
      [
        ['policy/missing-principal', 'error', 'Statement.0.Principal'],
        ['policy/missing-action', 'error', 'Statement.0.Action'],
        ['policy/missing-resource', 'error', 'Statement.0.Resource'],
      ],
    );
    assert.match(ds[0].message, /Missing required field Principal/);
    assert.deepEqual(codes(policy([{ Effect: 'Deny', NotPrincipal: P, NotAction: 's3:GetObject', NotResource: 'arn:aws:s3:::media-in/*' }])), []);
  });
});

describe('policy rules: every action applies to a resource', () => {
  it('flags an account-level action in a bucket policy at the action', () => {
    const ds = rules(policy([{ Effect: 'Allow', Principal: P, Action: ['s3:GetObject', 's3:ListAllMyBuckets'], Resource: 'arn:aws:s3:::media-in/*' }]));
    assert.deepEqual(
      ds.map((d) => [d.code, d.severity, d.path.join('.')]),
      [['policy/action-no-resource', 'error', 'Statement.0.Action.1']],
    );
    assert.match(ds[0].message, /Action does not apply to any resource\(s\) in statement/);
  });
  it('adds the bucket ARN once when object actions use the object ARNs', () => {
    const text = policy([
      {
        Effect: 'Allow',
        Principal: P,
        Action: ['s3:GetObject', 's3:ListBucket'],
        Resource: ['arn:aws:s3:::media-in/a/*', 'arn:aws:s3:::media-in/b/*'],
      },
    ]);
    const ds = rules(text);
    assert.deepEqual(
      ds.map((d) => [d.code, d.path.join('.')]),
      [['policy/bucket-action-on-object-arn', 'Statement.0.Resource.0']],
    );
    assert.deepEqual(codes(fixed(text, ds[0])), []);
  });
  it('lets a wildcard bucket pattern match objects too', () => {
    assert.deepEqual(codes(policy([{ Effect: 'Allow', Principal: P, Action: 's3:GetObject', Resource: 'arn:aws:s3:::media-*' }])), []);
  });
  it('knows every S3 action with a description, its ARN types and its condition keys', () => {
    assert.ok(S3_ACTION_INFO.size >= 170, `${S3_ACTION_INFO.size}`);
    for (const [name, info] of S3_ACTION_INFO) {
      assert.match(name, /^s3:[A-Z][A-Za-z0-9]+$/);
      assert.ok(info.description.length > 5, name);
      assert.ok(info.resources.length > 0, name);
    }
    assert.deepEqual(S3_ACTION_INFO.get('s3:ListAllMyBuckets')?.resources, ['other']);
    assert.deepEqual(S3_ACTION_INFO.get('s3:PutObject')?.resources, ['object']);
    assert.ok(conditionKeysOf('s3:ListBucket').has('s3:prefix'));
    assert.ok(conditionKeysOf('s3:PutObject').has('s3:x-amz-acl'));
    assert.ok(!conditionKeysOf('s3:GetObject').has('s3:prefix'));
  });
});

describe('policy rules: one bucket per policy', () => {
  it('flags resources in a second bucket even without a known bucket, with a fix', () => {
    const text = policy([
      { Sid: 'A', Effect: 'Allow', Principal: P, Action: 's3:GetObject', Resource: 'arn:aws:s3:::media-in/*' },
      { Sid: 'B', Effect: 'Allow', Principal: P, Action: 's3:ListBucket', Resource: ['arn:aws:s3:::media-in', 'arn:aws:s3:::media-out'] },
    ]);
    const ds = rules(text);
    assert.deepEqual(
      ds.map((d) => [d.code, d.path.join('.')]),
      [['policy/multiple-buckets', 'Statement.1.Resource.1']],
    );
    assert.deepEqual(codes(fixed(text, ds[0])), []);
  });
  it('leaves that to foreign-bucket when the bucket is known, and ignores bucket patterns', () => {
    const text = policy([{ Effect: 'Allow', Principal: P, Action: 's3:GetObject', Resource: ['arn:aws:s3:::media-in/*', 'arn:aws:s3:::media-out/*'] }]);
    assert.deepEqual(codes(text, { bucket: 'media-in' }), ['policy/foreign-bucket']);
    assert.deepEqual(
      codes(policy([{ Effect: 'Allow', Principal: P, Action: 's3:GetObject', Resource: ['arn:aws:s3:::media-in/*', 'arn:aws:s3:::media-*/x/*'] }])),
      [],
    );
  });
});

describe('policy rules: conditions', () => {
  const withCondition = (Condition: unknown): string =>
    policy([{ Effect: 'Allow', Principal: P, Action: ['s3:ListBucket'], Resource: 'arn:aws:s3:::media-in', Condition }]);
  it('knows every operator form: prefixes, IfExists, Null without IfExists', () => {
    assert.equal(CONDITION_OPERATORS.size, 27);
    assert.deepEqual(parseConditionOperator('ForAllValues:StringLikeIfExists'), { base: 'StringLike', set: 'ForAllValues', ifExists: true });
    assert.deepEqual(parseConditionOperator('Null'), { base: 'Null', ifExists: false });
    for (const bad of ['NullIfExists', 'StringEqual', 'ForSomeValues:StringLike', 'IfExistsStringLike', 'stringequals']) {
      assert.equal(parseConditionOperator(bad), undefined, bad);
    }
    assert.ok(conditionOperatorForms().every((f) => parseConditionOperator(f)));
  });
  it('flags an operator typo with a suggestion and renames it', () => {
    const text = withCondition({ 'ForAnyValue:StringLikeIfExist': { 's3:prefix': 'in/*' } });
    const [d] = rules(text);
    assert.equal(d.code, 'policy/unknown-condition-operator');
    assert.equal(d.severity, 'error');
    assert.match(d.message, /did you mean "ForAnyValue:StringLikeIfExists"\?/);
    assert.equal(text.slice(d.offset, d.offset + d.length), '"ForAnyValue:StringLikeIfExist"');
    assert.deepEqual(codes(fixed(text, d)), []);
  });
  it('knows global and S3 keys case-insensitively, tag keys with any tag', () => {
    for (const k of ['aws:SecureTransport', 'AWS:sourceip', 'aws:SourceVpce', 'aws:PrincipalOrgID', 'aws:Referer', 'aws:UserAgent', 'aws:CurrentTime']) {
      assert.ok(lookupConditionKey(k), k);
    }
    for (const k of [
      's3:prefix',
      's3:delimiter',
      's3:max-keys',
      's3:x-amz-acl',
      's3:x-amz-server-side-encryption',
      's3:signatureversion',
      's3:authType',
      's3:TlsVersion',
    ]) {
      assert.ok(lookupConditionKey(k), k);
    }
    assert.equal(lookupConditionKey('s3:ExistingObjectTag/project'), 's3:ExistingObjectTag/<key>');
    assert.equal(lookupConditionKey('s3:RequestObjectTag/team'), 's3:RequestObjectTag/<key>');
    assert.equal(lookupConditionKey('s3:ExistingObjectTag/'), undefined);
    assert.ok([...CONDITION_KEYS.values()].every((k) => k.description.length > 10));
  });
  it('warns on a key typo with "did you mean" and renames it, keeping the tag of a tag key', () => {
    const text = withCondition({ Bool: { 'aws:SecureTransprot': 'true' }, StringEquals: { 's3:ExistingObjectTags/team': 'video' } });
    const ds = rules(text);
    assert.deepEqual(
      ds.map((d) => [d.code, d.severity, d.fix?.edits[0]?.newText]),
      [
        ['policy/unknown-condition-key', 'warning', '"aws:SecureTransport"'],
        ['policy/unknown-condition-key', 'warning', '"s3:ExistingObjectTag/team"'],
      ],
    );
    assert.match(ds[0].message, /did you mean "aws:SecureTransport"\?/);
    assert.deepEqual(codes(fixed(fixed(text, ds[1]), ds[0])), []);
  });
  it("leaves other services' and identity providers' keys alone", () => {
    assert.deepEqual(codes(withCondition({ StringEquals: { 'kms:ViaService': 's3.eu-west-1.amazonaws.com' } })), []);
  });
});

describe('policy rules: plain HTTP', () => {
  const read = { Sid: 'Read', Effect: 'Allow', Principal: P, Action: 's3:GetObject', Resource: 'arn:aws:s3:::media-in/*' };
  const suggestions = (text: string, ctx: ValidationContext = {}): Diagnostic[] => validate(text, 's3-bucket-policy', ctx).filter((d) => d.code === SUGGESTION);
  it('suggests denying aws:SecureTransport "false" and adds the standard statement', () => {
    const text = policy([read]);
    const [d] = suggestions(text);
    assert.equal(d.severity, 'info');
    assert.equal(text.slice(d.offset, d.offset + d.length), '"Statement"');
    const after = fixed(text, d);
    const doc = JSON.parse(after) as { Statement: unknown[] };
    assert.deepEqual(doc.Statement[0], secureTransportDenyStatement('media-in'));
    assert.deepEqual(validate(after, 's3-bucket-policy'), []);
  });
  it('says nothing when a statement denies it, when anything else is wrong, or when the policy is incomplete', () => {
    assert.deepEqual(suggestions(toJsonText({ Version: '2012-10-17', Statement: [read, secureTransportDenyStatement('media-in')] })), []);
    assert.deepEqual(suggestions(policy([{ ...read, Resource: 'arn:aws:s3:::media-in' }])), []);
    assert.deepEqual(suggestions(policy([{ ...read, Principal: '*' }])), []);
    assert.deepEqual(suggestions(policy([{ ...read, Effect: 'allow' }])), []);
    assert.deepEqual(suggestions(policy([read], {})), []);
  });
  it('picks a free Sid', () => {
    const text = policy([{ ...read, Sid: 'DenyInsecureTransport' }]);
    const [d] = suggestions(text);
    assert.match(d.fix?.edits[0]?.newText ?? '', /"Sid": "DenyInsecureTransport2"/);
  });
});

describe('trust policy rules', () => {
  const trust = (statements: unknown): Diagnostic[] =>
    validate(JSON.stringify({ Version: '2012-10-17', Statement: statements }, null, 2), 'iam-trust-policy', { includeSchema: false });
  const bitmovin = { Effect: 'Allow', Principal: { AWS: BITMOVIN_ROLE_PRINCIPAL }, Action: 'sts:AssumeRole' };
  it('accepts the generated Bitmovin trust policy', () => {
    assert.deepEqual(validate(toJsonText(bitmovinRoleTrustPolicy('7c9e6679-7425-40de-944b-e07fc1f90ae7')), 'iam-trust-policy'), []);
  });
  it('warns when Bitmovin may assume the role without an external id', () => {
    const ds = trust([bitmovin]);
    assert.deepEqual(
      ds.map((d) => [d.code, d.severity]),
      [['trust/missing-external-id', 'warning']],
    );
    assert.deepEqual(
      validate(toJsonText(bitmovinRoleTrustPolicy()), 'iam-trust-policy').map((d) => d.code),
      ['trust/missing-external-id'],
    );
  });
  it("requires Bitmovin's user as the principal and fixes it", () => {
    const text = JSON.stringify(
      {
        Version: '2012-10-17',
        Statement: [{ ...bitmovin, Principal: { AWS: 'arn:aws:iam::630681592166:root' }, Condition: { StringEquals: { 'sts:ExternalId': 'abc-123' } } }],
      },
      null,
      2,
    );
    const [d] = validate(text, 'iam-trust-policy');
    assert.equal(d.code, 'trust/bitmovin-principal');
    assert.deepEqual(validate(applyEdits(text, d.fix?.edits ?? []), 'iam-trust-policy'), []);
  });
  it('flags the documentation placeholder as an external id no caller can pass', () => {
    const ds = trust([{ ...bitmovin, Condition: { StringEquals: { 'sts:ExternalId': '{{externalId}}' } } }]);
    assert.deepEqual(
      ds.map((d) => [d.code, d.path.join('.')]),
      [['trust/invalid-external-id', 'Statement.0.Condition.StringEquals.sts:ExternalId']],
    );
  });
  it('only takes STS actions, and checks principals, operators and keys like a bucket policy', () => {
    const ds = trust([
      {
        Effect: 'Allow',
        Principal: { AWS: '123456789012' },
        Action: ['sts:AssumeRole', 's3:GetObject', 'sts:AssumeRol', 'AssumeRole'],
        Condition: { StringEqual: { 'sts:ExternalID': 'abcdef' } },
      },
      { Effect: 'Allow', Principal: '*', Action: 'sts:AssumeRole' },
      { Effect: 'Allow', Action: 'sts:AssumeRole' },
    ]);
    assert.deepEqual(
      ds.map((d) => [d.code, d.path.join('.')]),
      [
        ['trust/non-sts-action', 'Statement.0.Action.1'],
        ['policy/unknown-action', 'Statement.0.Action.2'],
        ['policy/action-missing-prefix', 'Statement.0.Action.3'],
        ['policy/unknown-condition-operator', 'Statement.0.Condition.StringEqual'],
        ['policy/public-allow', 'Statement.1.Principal'],
        ['policy/missing-principal', 'Statement.2.Principal'],
      ],
    );
  });
});
