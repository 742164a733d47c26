// Generated from spec/dist/openapi.json by scripts/generate-wire.js: never edit by hand.
/** What the client knows about the wire, from the spec. */
export const WIRE = {
  "server": {
    "url": "https://dayu.{region}.myhuaweicloud.com",
    "regions": [
      "cn-north-1",
      "cn-north-2",
      "cn-north-4",
      "cn-east-3",
      "cn-east-2",
      "cn-south-1",
      "ap-southeast-1",
      "ap-southeast-2",
      "ap-southeast-3",
      "af-south-1",
      "ru-northwest-2",
      "sa-brazil-1",
      "la-south-2",
      "la-north-2",
      "na-mexico-1",
      "cn-north-9",
      "cn-southwest-2",
      "ap-southeast-4",
      "tr-west-1",
      "me-east-1",
      "eu-west-101",
      "ae-ad-1",
      "cn-north-11",
      "ru-moscow-1",
      "my-kualalumpur-1",
      "cn-east-4"
    ],
    "defaultRegion": "cn-north-4"
  },
  "security": {
    "IamToken": "X-Auth-Token",
    "AkSkSignature": "Authorization"
  },
  "operations": {
    "listFactoryPendingItems": {
      "method": "GET",
      "path": "/v2/{project_id}/factory/pending-items",
      "pathParameters": {
        "properties": {
          "project_id": {
            "type": "string",
            "minLength": 1
          }
        },
        "required": [
          "project_id"
        ]
      },
      "header": {
        "properties": {
          "workspace": {
            "type": "string"
          },
          "X-Project-Id": {
            "type": "string"
          }
        },
        "required": [
          "workspace"
        ]
      },
      "query": {
        "properties": {
          "submit_user_name": {
            "type": "string"
          },
          "item_name": {
            "type": "string"
          },
          "update_type": {
            "type": "string"
          },
          "task_type": {
            "type": "string"
          },
          "start_time": {
            "type": "string"
          },
          "end_time": {
            "type": "string"
          },
          "limit": {
            "type": "integer",
            "format": "int32",
            "minimum": 1,
            "maximum": 100
          },
          "offset": {
            "type": "integer",
            "format": "int32",
            "minimum": 0
          }
        },
        "required": []
      },
      "body": null
    },
    "createFactoryPendingItemsPackage": {
      "method": "POST",
      "path": "/v2/{project_id}/factory/pending-items/package",
      "pathParameters": {
        "properties": {
          "project_id": {
            "type": "string",
            "minLength": 1
          }
        },
        "required": [
          "project_id"
        ]
      },
      "header": {
        "properties": {
          "workspace": {
            "type": "string"
          },
          "X-Project-Id": {
            "type": "string"
          }
        },
        "required": [
          "workspace"
        ]
      },
      "query": {
        "properties": {},
        "required": []
      },
      "body": {
        "properties": {
          "apply_user_id": {
            "type": "string"
          },
          "package_name": {
            "type": "string"
          },
          "pending_item_list": {
            "type": "array",
            "items": {
              "type": "string"
            }
          },
          "approver_ids": {
            "type": "array",
            "items": {
              "type": "string"
            }
          }
        },
        "required": [
          "apply_user_id",
          "package_name",
          "pending_item_list",
          "approver_ids"
        ]
      }
    },
    "listFactoryReleasePackages": {
      "method": "POST",
      "path": "/v2/{project_id}/factory/release-packages",
      "pathParameters": {
        "properties": {
          "project_id": {
            "type": "string",
            "minLength": 1
          }
        },
        "required": [
          "project_id"
        ]
      },
      "header": {
        "properties": {
          "workspace": {
            "type": "string"
          },
          "X-Project-Id": {
            "type": "string"
          }
        },
        "required": []
      },
      "query": {
        "properties": {},
        "required": []
      },
      "body": {
        "properties": {
          "key_word": {
            "type": "string"
          },
          "apply_user_name": {
            "type": "string"
          },
          "deploy_user_name": {
            "type": "string"
          },
          "apply_begin_time": {
            "type": "integer",
            "format": "int64"
          },
          "apply_end_time": {
            "type": "integer",
            "format": "int64"
          },
          "deploy_begin_time": {
            "type": "integer",
            "format": "int64"
          },
          "deploy_end_time": {
            "type": "integer",
            "format": "int64"
          },
          "apply_user_name_filter": {
            "type": "array",
            "items": {
              "type": "string"
            }
          },
          "deploy_user_name_filter": {
            "type": "array",
            "items": {
              "type": "string"
            }
          },
          "deploy_status_filter": {
            "type": "array",
            "items": {
              "type": "integer",
              "format": "int32",
              "enum": [
                1,
                2,
                3,
                5
              ]
            }
          },
          "sorted_direction": {
            "type": "string"
          },
          "order_column": {
            "type": "string"
          },
          "limit": {
            "type": "integer",
            "format": "int32"
          },
          "offset": {
            "type": "integer",
            "format": "int32",
            "minimum": 0
          }
        },
        "required": []
      }
    },
    "showFactoryPackageDetail": {
      "method": "GET",
      "path": "/v2/{project_id}/factory/release-packages/{package_id}",
      "pathParameters": {
        "properties": {
          "project_id": {
            "type": "string",
            "minLength": 1
          },
          "package_id": {
            "type": "string",
            "minLength": 1,
            "pattern": "^(?!\\.{1,2}$)"
          }
        },
        "required": [
          "project_id",
          "package_id"
        ]
      },
      "header": {
        "properties": {
          "workspace": {
            "type": "string"
          },
          "X-Project-Id": {
            "type": "string"
          }
        },
        "required": []
      },
      "query": {
        "properties": {},
        "required": []
      },
      "body": null
    }
  }
} as const;
