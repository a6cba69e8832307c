import * as assert from 'node:assert/strict';
import { validate, type Diagnostic, type ValidationContext } from '../../../src/core/validation';
import { matchS3Actions, resourceTypesOf } from '../../../src/core/validation/s3Actions';
import { readResourceArn } from '../../../src/core/validation/rules/policy';
import { applyEdits } from './fixtureFormat';

const P = { AWS: 'arn:aws:iam::123456789012:role/encoder' };

function policy(statements: unknown, top: Record<string, unknown> = { Version: '2012-10-17' }): string {
  return JSON.stringify({ ...top, Statement: statements }, null, 2);
}

// Rule diagnostics only: the schema half has its own tests and would blur what is asserted here.
function rules(text: string, ctx: ValidationContext = {}): Diagnostic[] {
  return validate(text, 's3-bucket-policy', { ...ctx, includeSchema: false });
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
    it('is only a warning when another action of the statement uses the bucket ARN', () => {
      const [d] = rules(policy([{ Effect: 'Allow', Principal: P, Action: ['s3:ListBucket', 's3:GetObject'], Resource: 'arn:aws:s3:::media-in' }]));
      assert.equal(d.severity, 'warning');
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
    it('leaves other services alone', () => {
      assert.deepEqual(codes(policy([{ Effect: 'Allow', Principal: P, Action: 'kms:Decrypt', Resource: '*' }])), []);
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
      assert.deepEqual(validate(after, 's3-bucket-policy'), []);
    });
    it('flags 2008-10-17 and replaces it', () => {
      const text = policy([{ Effect: 'Allow', Principal: P, Action: 's3:GetObject', Resource: 'arn:aws:s3:::media-in/*' }], { Version: '2008-10-17' });
      const [d] = rules(text);
      assert.equal(d.code, 'policy/old-version');
      assert.deepEqual(validate(fixed(text, d), 's3-bucket-policy'), []);
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
