// Written by bapi gen2 export.
import { defineBackend } from '@aws-amplify/backend';
import { data } from './data/resource';

defineBackend({ data });
