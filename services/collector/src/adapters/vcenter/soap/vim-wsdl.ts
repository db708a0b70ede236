/**
 * JustFit's own minimal description of the vim25 operations the connector calls (VMware's WSDL is not
 * redistributable). Only what node-soap needs is declared: request element order and namespace, and the
 * response shapes whose repeated elements must always come back as arrays. Polymorphic values
 * (DynamicProperty.val, faults) stay `anyType` and are decoded from their xsi:type in `vim-values.ts`.
 */

const MOR = 'vim25:ManagedObjectReference';

interface Field {
  name: string;
  type: string;
  many?: boolean;
  optional?: boolean;
}
const f = (name: string, type: string, opts: Omit<Field, 'name' | 'type'> = {}): Field => ({ name, type, ...opts });

/** Request elements: operation name → its parameters after `_this`, in schema order. */
const REQUESTS = {
  RetrieveServiceContent: [],
  Login: [f('userName', 'xsd:string'), f('password', 'xsd:string'), f('locale', 'xsd:string', { optional: true })],
  Logout: [],
  TerminateSession: [f('sessionId', 'xsd:string', { many: true })],
  CreateContainerView: [f('container', MOR), f('type', 'xsd:string', { many: true }), f('recursive', 'xsd:boolean')],
  DestroyView: [],
  RetrievePropertiesEx: [
    f('specSet', 'vim25:PropertyFilterSpec', { many: true }),
    f('options', 'vim25:RetrieveOptions'),
  ],
  ContinueRetrievePropertiesEx: [f('token', 'xsd:string')],
  CancelRetrievePropertiesEx: [f('token', 'xsd:string')],
  QueryOptions: [f('name', 'xsd:string', { optional: true })],
  QueryPerf: [f('querySpec', 'vim25:PerfQuerySpec', { many: true })],
} satisfies Record<string, Field[]>;

export type VimOperation = keyof typeof REQUESTS;

/** Response elements: operation name → the type of `returnval` (absent = no return value). */
const RESPONSES: Record<VimOperation, { type: string; many?: boolean } | null> = {
  RetrieveServiceContent: { type: 'vim25:ServiceContent' },
  Login: { type: 'vim25:UserSession' },
  Logout: null,
  TerminateSession: null,
  CreateContainerView: { type: MOR },
  DestroyView: null,
  RetrievePropertiesEx: { type: 'vim25:RetrieveResult' },
  ContinueRetrievePropertiesEx: { type: 'vim25:RetrieveResult' },
  CancelRetrievePropertiesEx: null,
  QueryOptions: { type: 'vim25:OptionValue', many: true },
  QueryPerf: { type: 'vim25:PerfEntityMetric', many: true },
};

/** Complex types. Polymorphic members are `xsd:anyType`; the request side only needs names and order. */
const TYPES: Record<string, Field[]> = {
  ServiceContent: [
    f('rootFolder', MOR),
    f('propertyCollector', MOR),
    f('viewManager', MOR, { optional: true }),
    f('about', 'vim25:AboutInfo'),
    f('setting', MOR, { optional: true }),
    f('sessionManager', MOR, { optional: true }),
    f('perfManager', MOR, { optional: true }),
  ],
  AboutInfo: [
    'name',
    'fullName',
    'vendor',
    'version',
    'build',
    'osType',
    'productLineId',
    'apiType',
    'apiVersion',
    'instanceUuid',
  ].map((n) => f(n, 'xsd:string', { optional: true })),
  UserSession: [f('key', 'xsd:string'), f('userName', 'xsd:string'), f('fullName', 'xsd:string')],
  PropertySpec: [
    f('type', 'xsd:string'),
    f('all', 'xsd:boolean', { optional: true }),
    f('pathSet', 'xsd:string', { many: true }),
  ],
  ObjectSpec: [
    f('obj', MOR),
    f('skip', 'xsd:boolean', { optional: true }),
    f('selectSet', 'vim25:TraversalSpec', { many: true }),
  ],
  TraversalSpec: [
    f('name', 'xsd:string'),
    f('type', 'xsd:string'),
    f('path', 'xsd:string'),
    f('skip', 'xsd:boolean', { optional: true }),
  ],
  PropertyFilterSpec: [
    f('propSet', 'vim25:PropertySpec', { many: true }),
    f('objectSet', 'vim25:ObjectSpec', { many: true }),
  ],
  RetrieveOptions: [f('maxObjects', 'xsd:int', { optional: true })],
  RetrieveResult: [f('token', 'xsd:string', { optional: true }), f('objects', 'vim25:ObjectContent', { many: true })],
  ObjectContent: [
    f('obj', MOR),
    f('propSet', 'vim25:DynamicProperty', { many: true }),
    f('missingSet', 'vim25:MissingProperty', { many: true }),
  ],
  DynamicProperty: [f('name', 'xsd:string'), f('val', 'xsd:anyType')],
  MissingProperty: [f('path', 'xsd:string'), f('fault', 'xsd:anyType')],
  OptionValue: [f('key', 'xsd:string'), f('value', 'xsd:anyType')],
  PerfMetricId: [f('counterId', 'xsd:int'), f('instance', 'xsd:string')],
  PerfQuerySpec: [
    f('entity', MOR),
    f('startTime', 'xsd:dateTime', { optional: true }),
    f('endTime', 'xsd:dateTime', { optional: true }),
    f('maxSample', 'xsd:int', { optional: true }),
    f('metricId', 'vim25:PerfMetricId', { many: true }),
    f('intervalId', 'xsd:int', { optional: true }),
    f('format', 'xsd:string', { optional: true }),
  ],
  PerfEntityMetric: [
    f('entity', MOR),
    f('sampleInfo', 'vim25:PerfSampleInfo', { many: true }),
    f('value', 'vim25:PerfMetricIntSeries', { many: true }),
    f('sampleInfoCSV', 'xsd:string', { optional: true }),
  ],
  PerfEntityMetricCSV: [
    f('entity', MOR),
    f('sampleInfoCSV', 'xsd:string'),
    f('value', 'vim25:PerfMetricSeriesCSV', { many: true }),
  ],
  PerfSampleInfo: [f('timestamp', 'xsd:dateTime'), f('interval', 'xsd:int')],
  PerfMetricIntSeries: [f('id', 'vim25:PerfMetricId'), f('value', 'xsd:long', { many: true })],
  PerfMetricSeriesCSV: [f('id', 'vim25:PerfMetricId'), f('value', 'xsd:string')],
  ArrayOfManagedObjectReference: [f('ManagedObjectReference', MOR, { many: true })],
  ArrayOfPerfCounterInfo: [f('PerfCounterInfo', 'vim25:PerfCounterInfo', { many: true })],
  PerfCounterInfo: [
    f('key', 'xsd:int'),
    f('nameInfo', 'vim25:ElementDescription'),
    f('groupInfo', 'vim25:ElementDescription'),
    f('unitInfo', 'vim25:ElementDescription'),
    f('rollupType', 'xsd:string'),
    f('statsType', 'xsd:string'),
    f('level', 'xsd:int', { optional: true }),
    f('perDeviceLevel', 'xsd:int', { optional: true }),
  ],
  ElementDescription: [f('label', 'xsd:string'), f('summary', 'xsd:string'), f('key', 'xsd:string')],
};

const element = (x: Field) =>
  `<xsd:element name="${x.name}" type="${x.type}"${x.optional || x.many ? ' minOccurs="0"' : ''}${x.many ? ' maxOccurs="unbounded"' : ''}/>`;
const sequence = (fields: Field[]) => `<xsd:sequence>${fields.map(element).join('')}</xsd:sequence>`;

function schema(): string {
  const types = Object.entries(TYPES).map(
    ([name, fields]) => `<xsd:complexType name="${name}">${sequence(fields)}</xsd:complexType>`,
  );
  const requests = Object.entries(REQUESTS as Record<string, Field[]>).map(
    ([op, fields]) =>
      `<xsd:element name="${op}"><xsd:complexType>${sequence([f('_this', MOR), ...fields])}</xsd:complexType></xsd:element>`,
  );
  const responses = Object.entries(RESPONSES).map(
    ([op, ret]) =>
      `<xsd:element name="${op}Response"><xsd:complexType>${ret ? sequence([f('returnval', ret.type, { many: ret.many })]) : '<xsd:sequence/>'}</xsd:complexType></xsd:element>`,
  );
  return `<xsd:schema targetNamespace="urn:vim25" xmlns:vim25="urn:vim25" xmlns:xsd="http://www.w3.org/2001/XMLSchema" elementFormDefault="qualified">
<xsd:complexType name="ManagedObjectReference"><xsd:simpleContent><xsd:extension base="xsd:string"><xsd:attribute name="type" type="xsd:string"/></xsd:extension></xsd:simpleContent></xsd:complexType>
${types.join('\n')}
${requests.join('\n')}
${responses.join('\n')}
</xsd:schema>`;
}

export const VIM_OPERATIONS = Object.keys(REQUESTS) as VimOperation[];

/**
 * Built once and constant: node-soap caches parsed WSDLs by their text, so a per-vCenter location would grow
 * that cache forever. Each client passes its own endpoint instead.
 */
function vimWsdl(): string {
  const location = 'https://vcenter.invalid/sdk';
  const ops = VIM_OPERATIONS;
  const messages = ops.map(
    (op) =>
      `<message name="${op}RequestMsg"><part name="parameters" element="vim25:${op}"/></message>` +
      `<message name="${op}ResponseMsg"><part name="parameters" element="vim25:${op}Response"/></message>`,
  );
  const portOps = ops.map(
    (op) =>
      `<operation name="${op}"><input message="vim25:${op}RequestMsg"/><output message="vim25:${op}ResponseMsg"/></operation>`,
  );
  const bindingOps = ops.map(
    (op) =>
      `<operation name="${op}"><soap:operation soapAction="urn:vim25/6.5"/><input><soap:body use="literal"/></input><output><soap:body use="literal"/></output></operation>`,
  );
  return `<?xml version="1.0" encoding="UTF-8"?>
<definitions targetNamespace="urn:vim25" xmlns="http://schemas.xmlsoap.org/wsdl/" xmlns:soap="http://schemas.xmlsoap.org/wsdl/soap/" xmlns:vim25="urn:vim25" xmlns:xsd="http://www.w3.org/2001/XMLSchema">
<types>${schema()}</types>
${messages.join('\n')}
<portType name="VimPortType">${portOps.join('')}</portType>
<binding name="VimBinding" type="vim25:VimPortType"><soap:binding style="document" transport="http://schemas.xmlsoap.org/soap/http"/>${bindingOps.join('')}</binding>
<service name="VimService"><port name="VimPort" binding="vim25:VimBinding"><soap:address location="${location}"/></port></service>
</definitions>`;
}

export const VIM_WSDL = vimWsdl();
