console.log('misskey sim client');
