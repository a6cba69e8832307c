/** The extension's id (publisher.name in package.json): the tests and the user agent look it up by it. */
export const EXTENSION_ID = 'media-storage-workbench.media-storage-workbench';

/** Command ids, in one place so that package.json, registration and tests agree. */
export const Commands = {
  refresh: 'mediaStorage.refresh',
  showLog: 'mediaStorage.showLog',
  decodeResponse: 'mediaStorage.decodeResponse',
  // storage tree and registry (issue 3)
  addConnection: 'mediaStorage.addConnection',
  addInput: 'mediaStorage.addInput',
  addOutput: 'mediaStorage.addOutput',
  addBucket: 'mediaStorage.addBucket',
  edit: 'mediaStorage.edit',
  remove: 'mediaStorage.remove',
  setCredentials: 'mediaStorage.setCredentials',
  clearCredentials: 'mediaStorage.clearCredentials',
  resetCredentialPermissions: 'mediaStorage.resetCredentialPermissions',
  copyS3Uri: 'mediaStorage.copyS3Uri',
  copyHttpsUrl: 'mediaStorage.copyHttpsUrl',
  copyArn: 'mediaStorage.copyArn',
  revealInRegistry: 'mediaStorage.revealInRegistry',
  checkAccess: 'mediaStorage.checkAccess',
  refreshNode: 'mediaStorage.refreshNode',
  loadMore: 'mediaStorage.loadMore',
  filter: 'mediaStorage.filter',
  clearFilter: 'mediaStorage.clearFilter',
  goToUri: 'mediaStorage.goToUri',
  // media-aware checks (issue 14)
  checkPackage: 'mediaStorage.checkPackage',
  checkPlayerCors: 'mediaStorage.checkPlayerCors',
  fixContentTypes: 'mediaStorage.fixContentTypes',
  presignPackage: 'mediaStorage.presignPackage',
  // object operations on the tree (issue 13)
  deleteObjects: 'mediaStorage.deleteObjects',
  newFolder: 'mediaStorage.newFolder',
  createBucket: 'mediaStorage.createBucket',
  cutObjects: 'mediaStorage.cutObjects',
  copyObjects: 'mediaStorage.copyObjects',
  pasteObjects: 'mediaStorage.pasteObjects',
  renameObject: 'mediaStorage.renameObject',
  showObjectProperties: 'mediaStorage.showObjectProperties',
  editObjectMetadata: 'mediaStorage.editObjectMetadata',
  moveSecretToSecretStorage: 'mediaStorage.moveSecretToSecretStorage',
  // transfers (issue 4)
  presign: 'mediaStorage.presign',
  presignUploadOfFile: 'mediaStorage.presignUploadOfFile',
  copyDolbyAuthLocation: 'mediaStorage.copyDolbyAuthLocation',
  upload: 'mediaStorage.upload',
  retryFailedUploads: 'mediaStorage.retryFailedUploads',
  download: 'mediaStorage.download',
  openObject: 'mediaStorage.openObject',
  // incomplete multipart uploads ("Transfers you can trust")
  resumeUpload: 'mediaStorage.resumeUpload',
  abortIncompleteUpload: 'mediaStorage.abortIncompleteUpload',
  abortAllIncompleteUploads: 'mediaStorage.abortAllIncompleteUploads',
  // payload validation and generators (issue 5)
  setPayloadKind: 'mediaStorage.setPayloadKind',
  insertPayload: 'mediaStorage.insertPayload',
  generateBucketPolicy: 'mediaStorage.generateBucketPolicy',
  applyToBucket: 'mediaStorage.applyToBucket',
  movePayloadSecret: 'mediaStorage.movePayloadSecret',
  // Bitmovin API connection (issue 6, "if time remains")
  setBitmovinApiKey: 'mediaStorage.setBitmovinApiKey',
  clearBitmovinApiKey: 'mediaStorage.clearBitmovinApiKey',
  registerBitmovinOutput: 'mediaStorage.registerBitmovinOutput',
  registerBitmovinInput: 'mediaStorage.registerBitmovinInput',
  bitmovinLoadMore: 'mediaStorage.bitmovinLoadMore',
} as const;

export const ViewIds = {
  container: 'mediaStorage',
  explorer: 'mediaStorage.explorer',
} as const;

/** The context key that says what Cut or Copy put on the tree's clipboard ('copy', 'cut' or unset): Paste shows only then. */
export const OBJECT_CLIPBOARD_CONTEXT = 'mediaStorage.objectClipboard';

/** The data transfer type of tree items dragged inside the view (VS Code's form: the view id in lower case). */
export const TREE_DRAG_MIME = `application/vnd.code.tree.${ViewIds.explorer.toLowerCase()}`;
