/** manifest.json: the contract between a prepared output and everything that reads shards. */
package io.mmanet.prep.manifest;
