import type { Template } from 'aws-cdk-lib/assertions';

export interface Resource {
  Type: string;
  Properties: Record<string, unknown>;
  DependsOn?: string[];
  Metadata?: Record<string, unknown>;
}

export interface Statement {
  Effect: string;
  Action: string | string[];
  Resource: unknown;
}

export const resourcesOf = (template: Template, type: string): Record<string, Resource> =>
  template.findResources(type) as Record<string, Resource>;

const withoutHash = (logicalId: string): string => logicalId.replace(/[0-9A-F]{8}$/, '');

/**
 * Renders a CloudFormation value as readable text, logical ids without their hash:
 * `{ 'Fn::Join': ['', [{ 'Fn::GetAtt': ['StagingBucketF0D7AEDD', 'Arn'] }, '/raw/*']] }` → `StagingBucket.Arn/raw/*`.
 */
export const render = (value: unknown): string => {
  if (value === undefined || value === null) return String(value);
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return value.map(render).join(',');
  const object = value as Record<string, unknown>;
  if ('Ref' in object) return withoutHash(String(object.Ref));
  if ('Fn::GetAtt' in object) {
    const [id, attribute] = object['Fn::GetAtt'] as [string, string];
    return `${withoutHash(id)}.${attribute}`;
  }
  if ('Fn::Join' in object) {
    const [separator, parts] = object['Fn::Join'] as [string, unknown[]];
    return parts.map(render).join(separator);
  }
  return JSON.stringify(value);
};

export const asList = <T>(value: T | T[]): T[] => (Array.isArray(value) ? value : [value]);

/** The logical id of the function named `name`. */
export const functionIdOf = (template: Template, name: string): string => {
  const entry = Object.entries(resourcesOf(template, 'AWS::Lambda::Function')).find(
    ([, resource]) => resource.Properties.FunctionName === name,
  );
  if (!entry) throw new Error(`No function named ${name}`);
  return entry[0];
};

export const functionOf = (template: Template, name: string): Resource => {
  const id = functionIdOf(template, name);
  return resourcesOf(template, 'AWS::Lambda::Function')[id] as Resource;
};

/** Every statement of every policy attached to the role of the function named `name`. */
export const statementsOf = (template: Template, name: string): Statement[] => {
  const roleRef = functionOf(template, name).Properties.Role as { 'Fn::GetAtt': [string, string] };
  const roleId = roleRef['Fn::GetAtt'][0];
  return Object.values(resourcesOf(template, 'AWS::IAM::Policy'))
    .filter((policy) => (policy.Properties.Roles as { Ref: string }[]).some((role) => role.Ref === roleId))
    .flatMap((policy) => (policy.Properties.PolicyDocument as { Statement: Statement[] }).Statement);
};

/** `action → rendered resources` for a function's role, e.g. `{ 's3:PutObject': ['StagingBucket.Arn/raw/*'] }`. */
export const grantsOf = (template: Template, name: string): Record<string, string[]> => {
  const grants: Record<string, string[]> = {};
  for (const statement of statementsOf(template, name)) {
    for (const action of asList(statement.Action)) {
      grants[action] = [...(grants[action] ?? []), ...asList(statement.Resource).map(render)].sort();
    }
  }
  return grants;
};
